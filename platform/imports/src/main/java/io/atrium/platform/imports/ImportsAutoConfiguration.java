package io.atrium.platform.imports;

import io.atrium.platform.events.EventsAutoConfiguration;
import io.atrium.platform.web.WebDefaultsAutoConfiguration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports for every service that depends on this module: the API at {@code /api/v1/imports/{kind}} for each
 * {@link ImportTarget} bean, and the worker that runs the jobs (tables from {@code db/atrium-platform}).
 */
@AutoConfiguration(after = {EventsAutoConfiguration.class, WebDefaultsAutoConfiguration.class})
@EnableConfigurationProperties(ImportsProperties.class)
public class ImportsAutoConfiguration {

    @Bean
    ImportJobs atriumImportJobs(JdbcClient jdbc, JsonMapper json) {
        return new ImportJobs(jdbc, json);
    }

    @Bean
    ImportTargets atriumImportTargets(ObjectProvider<ImportTarget> targets) {
        Map<String, ImportTarget> byKind = new LinkedHashMap<>();
        for (ImportTarget target : targets.orderedStream().toList()) {
            if (byKind.put(target.kind(), target) != null) {
                throw new IllegalStateException("Two import targets for " + target.kind());
            }
        }
        return new ImportTargets(byKind);
    }

    @Bean
    Imports atriumImports(
            ImportJobs jobs,
            ImportTargets targets,
            TransactionTemplate transactions,
            ImportsProperties properties,
            ObjectProvider<Clock> clock) {
        return new Imports(jobs, targets.byKind(), transactions, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ImportData atriumImportData(ImportJobs jobs, ObjectProvider<Clock> clock) {
        return new ImportData(jobs, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ImportController atriumImportController(Imports imports) {
        return new ImportController(imports);
    }

    @Bean
    ImportWorker atriumImportWorker(
            ImportJobs jobs,
            ImportTargets targets,
            TransactionTemplate transactions,
            ImportsProperties properties,
            ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        return new ImportWorker(
                jobs, new ImportRunner(jobs, targets.byKind(), transactions, properties, time), properties, time);
    }

    /** A service that refers to contacts it does not own forgets what its imports hold of an erased one. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
            name = "io.atrium.platform.references.ReferenceRemoved")
    static class ReferencesErasure {

        @Bean
        ErasedPeople atriumImportsErasedPeople(ImportData imports) {
            return new ErasedPeople(imports);
        }
    }

    /** The import targets of this service by kind. */
    record ImportTargets(Map<String, ImportTarget> byKind) {}
}
