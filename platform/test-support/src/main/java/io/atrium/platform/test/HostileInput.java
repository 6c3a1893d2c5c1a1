package io.atrium.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * An oversized, pathological field value, for the tests that prove no validator does super-linear work: {@code unit}
 * repeated to about 1 MB between a {@code prefix} and a {@code suffix}, chosen to be worst for some pattern (an
 * address with no dot after its {@code @}, long runs of {@code -}, digits, {@code @} or dots). Wrapped in a small JSON
 * body it stays just under the 1 MB body limit, so it reaches the validators. {@link #refusedInTime} sends it and
 * requires a 4xx problem within {@link #BOUND}.
 */
public record HostileInput(String prefix, String unit, String suffix, int size) {

    /** Characters in a hostile value; with its JSON body around it, under the 1 MB (1,048,576 bytes) body limit. */
    public static final int SIZE = 1_000_000;

    /**
     * How long a service may take to refuse a hostile value. Not a speed target (speed is measured in bench/): a
     * validator that backtracks super-linearly over a million characters needs on the order of 10^12 steps — many
     * minutes — so a generous bound still catches it, while a busy two-core CI machine refusing a linear one in a few
     * seconds does not fail the build.
     */
    public static final Duration BOUND = Duration.ofSeconds(10);

    /**
     * The "field" a table names for a value the JSON reader refuses before any validator runs (a field name over its
     * 50,000-character limit): the answer is a malformed-body problem, which names no field.
     */
    public static final String READER_LIMIT = "(over a JSON reader limit)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static HostileInput of(String unit) {
        return of("", unit, "");
    }

    public static HostileInput of(String prefix, String unit, String suffix) {
        return new HostileInput(prefix, unit, suffix, SIZE);
    }

    /** The same shape at about {@code size} characters (a JSON field name, for one, may have at most 50,000). */
    public HostileInput sized(int size) {
        return new HostileInput(prefix, unit, suffix, size);
    }

    /** The value at about {@link #size()} characters. */
    public String value() {
        int times = Math.max(1, (size - prefix.length() - suffix.length()) / unit.length());
        return prefix + unit.repeat(times) + suffix;
    }

    /**
     * Sends the request made for the value, which must be refused with a 4xx {@code application/problem+json} answer
     * within {@link #BOUND}; returns that answer.
     */
    public ApiClient.Response refusedInTime(Function<String, ApiClient.Response> send) {
        String value = value();
        ApiClient.Response response = assertTimeoutPreemptively(BOUND, () -> send.apply(value), () -> this + " took");
        assertThat(response.status()).as("%s: %s", this, response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as("%s", this).startsWith("application/problem+json");
        return response;
    }

    /** Like {@link #refusedInTime(Function)} for a JSON body: {@code template}'s {@code %s} becomes the value. */
    public ApiClient.Response refusedInTime(String template, Function<String, ApiClient.Response> sendBody) {
        return refusedInTime(value -> sendBody.apply(template.formatted(JSON.writeValueAsString(value))));
    }

    /**
     * Checks that {@code response} names {@code field} among its errors; for {@link #READER_LIMIT}, that it is the
     * malformed-body problem of a body the JSON reader itself refuses.
     */
    public static void assertNames(ApiClient.Response response, String field) {
        if (READER_LIMIT.equals(field)) {
            assertThat(response.body().path("type").asString()).isEqualTo("urn:atrium:problem:malformed-body");
        } else {
            assertThat(response.errorFields()).as("%s", response.body()).contains(field);
        }
    }

    @Override
    public String toString() {
        return (prefix.isEmpty() ? "" : "\"" + prefix + "\" + ") + "\"" + unit + "\" × " + (size / unit.length())
                + (suffix.isEmpty() ? "" : " + \"" + suffix + "\"");
    }
}
