package io.atrium.reporting.report;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param access for each view (pipeline, forecast, sales-performance, activity, support, marketing, customer-360), the
 *     roles that may read it; a view not listed is for admins only
 * @param export how CSV exports are streamed and bounded
 */
@ConfigurationProperties("atrium.reporting")
public record ReportingProperties(
        @DefaultValue Map<String, List<String>> access,
        @DefaultValue Export export) {

    /**
     * @param maxRows the most rows one CSV export may have (default 100,000); a larger one is refused with a 422
     *     problem ({@code export-too-large}) before anything is written, and is narrowed with the view's filters
     * @param fetchSize rows read from the database (and flushed to the client) at a time (default 500)
     */
    public record Export(
            @DefaultValue("100000") int maxRows,
            @DefaultValue("500") int fetchSize) {

        public Export {
            if (maxRows < 1 || fetchSize < 1) {
                throw new IllegalArgumentException("atrium.reporting.export.max-rows and fetch-size must be positive");
            }
        }
    }
}
