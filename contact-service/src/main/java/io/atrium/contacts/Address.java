package io.atrium.contacts;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address; {@code country} is an ISO 3166-1 alpha-2 code. */
public record Address(
        @Size(max = 200) String street,
        @Size(max = 100) String city,
        @Size(max = 100) String region,
        @Size(max = 20) String postalCode,

        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 country code such as DE")
        String country) {}
