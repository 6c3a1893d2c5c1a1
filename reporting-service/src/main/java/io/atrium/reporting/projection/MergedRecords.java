package io.atrium.reporting.projection;

import io.atrium.platform.jdbc.MergeChains;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code merged_record} table: where each merged contact or company went. Shared by the projections and the
 * audit log, so a chain of merges lands on its live end whatever order its events arrive in.
 */
@Configuration(proxyBeanMethods = false)
class MergedRecords {

    @Bean
    MergeChains mergeChains(JdbcClient jdbc) {
        return new MergeChains(jdbc, "merged_record");
    }
}
