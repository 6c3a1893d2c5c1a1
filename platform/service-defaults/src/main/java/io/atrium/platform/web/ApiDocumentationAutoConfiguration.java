package io.atrium.platform.web;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The OpenAPI document every Atrium service publishes at /v3/api-docs (see {@link ApiDocumentation}). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiDocumentationAutoConfiguration {

    @Bean
    OpenApiCustomizer atriumApiDocument(
            ApiProperties properties, Environment environment, ObjectProvider<BuildProperties> build) {
        String name = environment.getProperty("spring.application.name", "service");
        BuildProperties info = build.getIfAvailable();
        String version = info != null && info.getVersion() != null
                ? info.getVersion()
                : ApiDocumentation.class.getPackage().getImplementationVersion() != null
                        ? ApiDocumentation.class.getPackage().getImplementationVersion()
                        : "unversioned";
        return ApiDocumentation.document(properties, name, version);
    }

    @Bean
    OperationCustomizer atriumApiErrors() {
        return ApiDocumentation.errors();
    }
}
