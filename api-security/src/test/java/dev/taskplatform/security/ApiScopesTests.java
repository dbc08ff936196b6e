package dev.taskplatform.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class ApiScopesTests {

	private final ApiScopes scopes = ApiScopes.of(new ApiScope(HttpMethod.POST, "/tasks", "tasks:write"),
			new ApiScope(HttpMethod.POST, "/tasks/*/complete", "tasks:write"),
			new ApiScope(HttpMethod.GET, "/tasks/**", "tasks:read"));

	@Test
	void theFirstMatchingRuleNamesTheScope() {
		assertThat(this.scopes.scopeFor(HttpMethod.POST, "/tasks")).isEqualTo("tasks:write");
		assertThat(this.scopes.scopeFor(HttpMethod.POST, "/tasks/5b0d6a56/complete")).isEqualTo("tasks:write");
		assertThat(this.scopes.scopeFor(HttpMethod.GET, "/tasks")).isEqualTo("tasks:read");
		assertThat(this.scopes.scopeFor(HttpMethod.GET, "/tasks/5b0d6a56")).isEqualTo("tasks:read");
	}

	@Test
	void noRuleNoScope() {
		assertThat(this.scopes.scopeFor(HttpMethod.DELETE, "/tasks/5b0d6a56")).isNull();
		assertThat(this.scopes.scopeFor(HttpMethod.GET, "/audit-events")).isNull();
	}

	@Test
	void aReadOnlyApiCoversItsPathAndBelowForGetAndHead() {
		ApiScopes reads = ApiScopes.readOnly("/audit-events", "audit:read");

		assertThat(reads.scopeFor(HttpMethod.GET, "/audit-events")).isEqualTo("audit:read");
		assertThat(reads.scopeFor(HttpMethod.HEAD, "/audit-events/verify")).isEqualTo("audit:read");
		assertThat(reads.scopeFor(HttpMethod.POST, "/audit-events")).isNull();
		assertThat(reads.scopeFor(HttpMethod.GET, "/audit")).isNull();
	}

}
