package dev.taskplatform.reminder;

import dev.taskplatform.testinfra.SecuredReadApiIntegrationTests;

/**
 * The read API takes only tokens with {@code reminders:read}; the probes are open and the
 * metrics answer only on the management port (the checks are test-infrastructure's).
 */
class ReminderSecurityIntegrationTests extends SecuredReadApiIntegrationTests {

	@Override
	protected String path() {
		return "/reminders";
	}

	@Override
	protected String scope() {
		return "reminders:read";
	}

}
