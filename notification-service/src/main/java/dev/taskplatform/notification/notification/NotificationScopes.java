package dev.taskplatform.notification.notification;

import dev.taskplatform.security.ApiScope;
import dev.taskplatform.security.ApiScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may read: {@code notifications:read}. api-security builds the filter chain from
 * this; with no token settings the API is open.
 */
@Configuration(proxyBeanMethods = false)
class NotificationScopes {

	static final String READ = "notifications:read";

	@Bean
	ApiScopes apiScopes() {
		return ApiScopes.of(new ApiScope(HttpMethod.GET, "/notifications", READ),
				new ApiScope(HttpMethod.GET, "/notifications/**", READ));
	}

}
