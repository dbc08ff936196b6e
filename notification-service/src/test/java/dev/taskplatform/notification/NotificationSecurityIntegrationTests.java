package dev.taskplatform.notification;

import dev.taskplatform.testinfra.SecuredReadApiIntegrationTests;

/**
 * The read API takes only tokens with {@code notifications:read}; the probes are open and
 * the metrics answer only on the management port (the checks are test-infrastructure's).
 */
class NotificationSecurityIntegrationTests extends SecuredReadApiIntegrationTests {

	@Override
	protected String path() {
		return "/notifications";
	}

	@Override
	protected String scope() {
		return "notifications:read";
	}

}
