package io.atrium.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body the gateway passes on.
 *
 * @param maxRequestBody the limit (default 1MB); a larger body is refused with 413, by its declared length at once,
 *     or — when it arrives chunked — as soon as the bytes received pass the limit
 * @param maxUploadBody the limit of a file upload (an import's file, default 512MB), judged by its declared length; a
 *     chunked upload is streamed on and the service counts it against its own upload limit (the gateway does not
 *     hold half a gigabyte to count it)
 * @param uploadPaths the paths ({@code PathPattern}s) whose POST and PUT bodies are uploads
 */
@ConfigurationProperties("atrium.gateway")
record BodyLimitProperties(
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("512MB") DataSize maxUploadBody,
        @DefaultValue("/api/v1/imports/*") java.util.List<String> uploadPaths) {}
