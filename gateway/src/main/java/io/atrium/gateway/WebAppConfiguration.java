package io.atrium.gateway;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /config.json}: the web app's deployment settings, read by the app before it signs in. */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration {

    @Bean
    RouterFunction<ServerResponse> webAppConfig(WebAppProperties web) {
        return RouterFunctions.route(GET("/config.json"), request -> ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noCache())
                .bodyValue(WebAppFilter.config(web)));
    }
}
