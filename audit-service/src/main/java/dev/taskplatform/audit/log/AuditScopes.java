package dev.taskplatform.audit.log;

import dev.taskplatform.security.ApiScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may read: {@code audit:read}. api-security builds the filter chain from this; with
 * no token settings the API is open.
 */
@Configuration(proxyBeanMethods = false)
class AuditScopes {

	static final String READ = "audit:read";

	@Bean
	ApiScopes apiScopes() {
		return ApiScopes.readOnly("/audit-events", READ);
	}

}
