package io.atrium.platform.defaults;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bare web service for the platform's own tests (outside the platform's packages, so it scans none of them). */
@SpringBootApplication
class WebTestApplication {}
