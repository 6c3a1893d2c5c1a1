package io.atrium.platform.exports;

import io.atrium.platform.web.IdempotentRequests;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.DateSchema;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports for a service that declares {@link ExportSource} beans: {@code /api/v1/exports/{kind}} (streamed),
 * export jobs and their worker (ADR 21).
 */
@AutoConfiguration
@EnableConfigurationProperties(ExportsProperties.class)
public class ExportsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Exporter atriumExporter(
            List<ExportSource> sources,
            ObjectProvider<ExportViews> views,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        return new Exporter(sources, views, jdbc, transactions);
    }

    @Bean
    @ConditionalOnMissingBean
    ExportJobs atriumExportJobs(
            JdbcClient jdbc,
            Exporter exporter,
            PlatformTransactionManager transactions,
            JsonMapper json,
            ExportsProperties properties,
            ObjectProvider<Clock> clock) {
        return new ExportJobs(jdbc, exporter, transactions, json, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ExportJobWorker atriumExportJobWorker(ExportJobs jobs, ExportsProperties properties) {
        return new ExportJobWorker(jobs, properties.pollInterval());
    }

    @Bean
    ExportController atriumExportController(
            Exporter exporter,
            ExportJobs jobs,
            ExportJobWorker worker,
            IdempotentRequests idempotency,
            ObjectProvider<Clock> clock) {
        return new ExportController(exporter, jobs, worker, idempotency, clock.getIfAvailable(Clock::systemUTC));
    }

    /** The export operations' {@code kind} lists this service's kinds, and the download lists each kind's filters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class Documentation {

        @Bean
        OpenApiCustomizer atriumExportsDocument(Exporter exporter) {
            return openApi -> {
                if (openApi.getPaths() == null) {
                    return;
                }
                List<String> kinds = new ArrayList<>(exporter.kinds());
                openApi.getPaths().forEach((path, item) -> {
                    if (!path.startsWith("/api/v1/exports/{kind}")) {
                        return;
                    }
                    for (Operation operation : item.readOperations()) {
                        for (Parameter parameter :
                                operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
                            if ("kind".equals(parameter.getName()) && "path".equals(parameter.getIn())) {
                                parameter.setSchema(new StringSchema()._enum(kinds));
                            }
                        }
                    }
                    if (path.equals("/api/v1/exports/{kind}") && item.getGet() != null) {
                        addFilters(item, exporter);
                    }
                });
            };
        }

        private static void addFilters(PathItem item, Exporter exporter) {
            Map<String, List<String>> kindsOf = new LinkedHashMap<>();
            Map<String, ExportFilter> filters = new LinkedHashMap<>();
            Map<String, String> columns = new LinkedHashMap<>();
            exporter.sources().forEach((kind, source) -> {
                source.filters().forEach(f -> {
                    filters.putIfAbsent(f.name(), f);
                    kindsOf.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(kind);
                });
                columns.put(
                        kind, source.columns().stream().map(ExportColumn::id).collect(Collectors.joining(", ")));
            });
            Operation get = item.getGet();
            filters.forEach((name, filter) -> get.addParametersItem(new Parameter()
                    .in("query")
                    .name(name)
                    .required(false)
                    .description(filter.description() + " (" + String.join(", ", kindsOf.get(name)) + ")")
                    .schema(schema(filter.type()))));
            StringBuilder description = new StringBuilder(get.getDescription() == null ? "" : get.getDescription());
            description.append("\n\nColumns of each kind:");
            exporter.sources().forEach((kind, source) -> description
                    .append("\n- ")
                    .append(kind)
                    .append(": ")
                    .append(columns.get(kind))
                    .append(" (default: ")
                    .append(String.join(", ", source.defaultColumns()))
                    .append(")"));
            get.setDescription(description.toString());
        }

        private static Schema<?> schema(ExportFilter.Type type) {
            return switch (type) {
                case TEXT -> new StringSchema();
                case UUID -> new UUIDSchema();
                case INSTANT -> new DateTimeSchema();
                case DATE -> new DateSchema();
                case DECIMAL -> new NumberSchema();
                case BOOLEAN -> new BooleanSchema();
            };
        }
    }
}
