package io.atrium.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body the gateway passes on.
 *
 * @param maxRequestBody the limit (default 1MB); a larger body is refused with 413, by its declared length at once,
 *     or — when it arrives chunked — as soon as the bytes received pass the limit
 */
@ConfigurationProperties("atrium.gateway")
record BodyLimitProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
