package dev.taskplatform.notification.ledger;

import dev.taskplatform.security.ApiScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may read: {@code notifications:read}. api-security builds the filter chain from
 * this; with no token settings the API is open.
 */
@Configuration(proxyBeanMethods = false)
class NotificationScopes {

	static final String READ = "notifications:read";

	@Bean
	ApiScopes apiScopes() {
		return ApiScopes.readOnly("/notifications", READ);
	}

}
