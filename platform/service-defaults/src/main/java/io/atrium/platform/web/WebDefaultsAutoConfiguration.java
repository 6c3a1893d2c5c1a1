package io.atrium.platform.web;

import io.atrium.platform.events.DeadLetters;
import io.atrium.platform.events.EventsAutoConfiguration;
import io.atrium.platform.live.LiveEventFeed;
import io.atrium.platform.live.LiveStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/** Problem details, strict JSON input, cursors and idempotency keys for every Atrium web service. */
@AutoConfiguration(after = EventsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(WebProperties.class)
@EnableScheduling
@Import(ProblemDetailsExceptionHandler.class)
public class WebDefaultsAutoConfiguration {

    /**
     * Requests are read strictly: an unknown field, a number where text belongs or text where a number belongs is a
     * 400 that names the field, never silently ignored or coerced.
     */
    @Bean
    JsonMapperBuilderCustomizer atriumStrictInput() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config.setCoercion(
                                CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * Bodies over {@code atrium.web.max-request-body} are refused with 413 while they stream in. The filter runs just
     * after Spring Security (order -100), so a caller without a valid token gets its 401 before its body is read.
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> atriumRequestBodyLimit(WebProperties properties, JsonMapper json) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(
                        properties.maxRequestBody().toBytes(),
                        properties.maxUploadBody().toBytes(),
                        properties.uploadPaths(),
                        json));
        registration.setOrder(-90);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    CursorCodec atriumCursorCodec(WebProperties properties, JsonMapper json) {
        return new CursorCodec(properties.cursorSecret(), json);
    }

    @Bean
    @ConditionalOnMissingBean
    MergePatchBinder atriumMergePatchBinder(JsonMapper json, jakarta.validation.Validator validator) {
        return new MergePatchBinder(json, validator);
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentRequests atriumIdempotentRequests(
            JdbcClient jdbc, PlatformTransactionManager transactionManager, JsonMapper json, WebProperties properties) {
        return new IdempotentRequests(
                jdbc, new TransactionTemplate(transactionManager), json, properties.idempotencyRetention());
    }

    @Bean
    @ConditionalOnMissingBean
    BatchRequests atriumBatchRequests(
            IdempotentRequests idempotency,
            PlatformTransactionManager transactionManager,
            JsonMapper json,
            MergePatchBinder binder,
            ProblemDetailsExceptionHandler problems) {
        return new BatchRequests(idempotency, transactionManager, json, binder, problems);
    }

    /** {@code /admin/dead-letters}: every service that consumes events can show and replay what it dead-lettered. */
    @Bean
    @ConditionalOnBean(DeadLetters.class)
    DeadLetterAdminController atriumDeadLetterAdminController(DeadLetters deadLetters, WebProperties properties) {
        return new DeadLetterAdminController(deadLetters, properties);
    }

    /** The browsers connected for live updates; a service feeds it ({@link LiveEventFeed}) and opens its streams. */
    @Bean
    @ConditionalOnMissingBean
    LiveStreams atriumLiveStreams(WebProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new LiveStreams(
                properties.live().heartbeat(),
                properties.live().maxAge(),
                Clock.systemUTC(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    IdempotencyKeyExpiry atriumIdempotencyKeyExpiry(IdempotentRequests requests) {
        return new IdempotencyKeyExpiry(requests);
    }

    /** Old keys are deleted hourly; harmless if several replicas do it. */
    static class IdempotencyKeyExpiry {

        private final IdempotentRequests requests;

        IdempotencyKeyExpiry(IdempotentRequests requests) {
            this.requests = requests;
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
        void expire() {
            requests.expire();
        }
    }
}
