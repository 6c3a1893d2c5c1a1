package io.atrium.platform.security;

import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Applies {@link ManagementEndpoints#WEB_EXPOSABLE} in every process that has the actuator: an endpoint outside that
 * list is not mapped on any port, even if {@code management.endpoints.web.exposure.include} names it.
 */
@AutoConfiguration
@ConditionalOnClass(EndpointFilter.class)
public class ManagementEndpointsAutoConfiguration {

    @Bean
    EndpointFilter<ExposableWebEndpoint> atriumExposableWebEndpoints() {
        return endpoint ->
                ManagementEndpoints.exposable(endpoint.getEndpointId().toLowerCaseString());
    }

    @Bean
    @SuppressWarnings("deprecation")
    EndpointFilter<org.springframework.boot.actuate.endpoint.web.annotation.ExposableControllerEndpoint>
            atriumExposableControllerEndpoints() {
        return endpoint ->
                ManagementEndpoints.exposable(endpoint.getEndpointId().toLowerCaseString());
    }

    @Bean
    @SuppressWarnings("deprecation")
    EndpointFilter<org.springframework.boot.actuate.endpoint.web.ExposableServletEndpoint>
            atriumExposableServletEndpoints() {
        return endpoint ->
                ManagementEndpoints.exposable(endpoint.getEndpointId().toLowerCaseString());
    }
}
