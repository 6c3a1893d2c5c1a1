package io.atrium.contacts.form;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** A form as the page that shows it needs it: no owner, limits or origins, and a fresh fill-time ticket. */
@Schema(description = "A web form as a public page shows it")
public record PublicForm(
        UUID id,
        long version,
        String name,
        List<Field> fields,
        List<Consent> consents,

        @Schema(
                description = "Send back as the hidden _ticket field: it dates the page, so a post made sooner than a"
                        + " person could fill the form is refused. Absent when the form does not check fill time")
        String ticket,

        String submitUrl) {

    public record Field(
            String name,
            String label,
            boolean required,
            @Schema(example = "email") String type) {}

    public record Consent(String name, String wording, boolean required) {}
}
