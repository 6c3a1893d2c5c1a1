package io.atrium.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a service's OpenAPI document says about itself ({@code info}); each service sets them in its application.yml.
 *
 * @param title e.g. "Atrium contact-service API"; "Atrium &lt;spring.application.name&gt; API" when unset
 * @param description Markdown: what the service is for and what a caller should know first
 * @param version the API's version, the build's version when unset
 */
@ConfigurationProperties("atrium.api")
public record ApiProperties(String title, String description, String version) {}
