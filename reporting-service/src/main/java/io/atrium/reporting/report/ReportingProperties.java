package io.atrium.reporting.report;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param access for each view (pipeline, forecast, sales-performance, activity, support, marketing, customer-360), the
 *     roles that may read it; a view not listed is for admins only
 */
@ConfigurationProperties("atrium.reporting")
public record ReportingProperties(@DefaultValue Map<String, List<String>> access) {}
