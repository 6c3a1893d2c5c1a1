package io.atrium.platform.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a JSON Merge Patch to a resource's writable representation, then binds and validates the result exactly as a
 * create would be: unknown fields, wrong types and invalid values are 400 problems that name the field.
 */
public class MergePatchBinder {

    private final JsonMapper json;
    private final Validator validator;

    public MergePatchBinder(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T apply(T current, JsonNode patch, Class<T> type) {
        if (patch == null || !patch.isObject()) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "malformed-body",
                    "Malformed request body",
                    "A merge patch is a JSON object",
                    java.util.Map.of());
        }
        JsonNode merged = JsonMergePatch.apply(json.valueToTree(current), patch);
        T result;
        try {
            result = json.treeToValue(merged, type);
        } catch (DatabindException e) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "validation",
                    "Invalid request",
                    e.getOriginalMessage(),
                    java.util.Map.of("errors", List.of(fieldProblem(e))));
        }
        validate(result);
        return result;
    }

    /** Throws a 400 problem naming every invalid field of {@code value}. */
    public void validate(Object value) {
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<ProblemException.FieldProblem> errors = violations.stream()
                    .map(v -> new ProblemException.FieldProblem(field(v.getPropertyPath()), v.getMessage()))
                    .sorted(Comparator.comparing(ProblemException.FieldProblem::field))
                    .toList();
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "validation",
                    "Invalid request",
                    errors.stream()
                            .map(f -> f.field() + ": " + f.message())
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(""),
                    java.util.Map.of("errors", errors));
        }
    }

    /** {@code tags[0]} as a create names it, not {@code tags[0].<list element>}. */
    private static String field(jakarta.validation.Path path) {
        StringBuilder field = new StringBuilder();
        for (jakarta.validation.Path.Node node : path) {
            if (node.isInIterable()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                field.append('[').append(position == null ? "" : position).append(']');
            }
            if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT
                    && node.getName() != null
                    && !node.getName().isEmpty()) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.toString();
    }

    private static ProblemException.FieldProblem fieldProblem(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        String message = e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException
                ? "is not a known field"
                : "has the wrong type or format";
        return new ProblemException.FieldProblem(path.toString(), message);
    }
}
