package dev.taskplatform.taskapi.task;

import dev.taskplatform.security.ApiScope;
import dev.taskplatform.security.ApiScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may do what with tasks: {@code tasks:write} creates and completes,
 * {@code tasks:read} reads. api-security builds the filter chain from these; with no
 * token settings the API is open.
 */
@Configuration(proxyBeanMethods = false)
class TaskScopes {

	static final String WRITE = "tasks:write";

	static final String READ = "tasks:read";

	@Bean
	ApiScopes apiScopes() {
		return ApiScopes.of(new ApiScope(HttpMethod.POST, "/tasks", WRITE),
				new ApiScope(HttpMethod.POST, "/tasks/*/complete", WRITE), new ApiScope(HttpMethod.GET, "/tasks", READ),
				new ApiScope(HttpMethod.GET, "/tasks/*", READ));
	}

}
