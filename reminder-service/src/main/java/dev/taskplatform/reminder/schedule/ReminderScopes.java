package dev.taskplatform.reminder.schedule;

import dev.taskplatform.security.ApiScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may read: {@code reminders:read}. api-security builds the filter chain from this;
 * with no token settings the API is open.
 */
@Configuration(proxyBeanMethods = false)
class ReminderScopes {

	static final String READ = "reminders:read";

	@Bean
	ApiScopes apiScopes() {
		return ApiScopes.readOnly("/reminders", READ);
	}

}
