package dev.taskplatform.notification.delivery;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsToTheLogChannelWithBoundedRetries() {
		this.runner.run((context) -> {
			NotificationProperties.Webhook webhook = context.getBean(NotificationProperties.class).webhook();
			assertThat(webhook.url()).isNull();
			assertThat(webhook.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(webhook.maxAttempts()).isEqualTo(4);
			assertThat(webhook.initialBackoff()).isEqualTo(Duration.ofMillis(200));
			assertThat(webhook.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void pollBudgetDefaultsToTwoMinutes() {
		this.runner.run((context) -> assertThat(context.getBean(NotificationProperties.class).pollBudget())
			.isEqualTo(Duration.ofMinutes(2)));
	}

	@Test
	void aPollEndsFarBelowTheMaxPollIntervalByDefault() {
		this.runner.run((context) -> {
			NotificationProperties properties = context.getBean(NotificationProperties.class);
			// no delivery starts once a poll has spent its budget, and the one under way
			// takes at most the webhook's timeout; max.poll.interval.ms is 300 s
			// (consumer-support's defaults)
			assertThat(properties.pollBudget().plus(properties.webhook().timeout()))
				.isLessThan(Duration.ofSeconds(300).dividedBy(2));
		});
	}

	@Test
	void nonPositivePollBudgetRefusesToStart() {
		this.runner.withPropertyValues("notification.poll-budget=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("notification.poll-budget"));
	}

	@Test
	void webhookWithASecretBinds() {
		this.runner
			.withPropertyValues("notification.webhook.url=https://hooks.example.org/notify",
					"notification.webhook.secret=s3cr3t")
			.run((context) -> {
				NotificationProperties.Webhook webhook = context.getBean(NotificationProperties.class).webhook();
				assertThat(webhook.url()).isEqualTo(URI.create("https://hooks.example.org/notify"));
				assertThat(webhook.toString()).doesNotContain("s3cr3t");
			});
	}

	@Test
	void webhookWithoutASecretRefusesToStart() {
		this.runner.withPropertyValues("notification.webhook.url=https://hooks.example.org/notify")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("NOTIFICATION_WEBHOOK_SECRET"));
	}

	@Test
	void webhookWithABlankSecretRefusesToStart() {
		this.runner
			.withPropertyValues("notification.webhook.url=https://hooks.example.org/notify",
					"notification.webhook.secret=  ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("NOTIFICATION_WEBHOOK_SECRET"));
	}

	@Test
	void webhookUrlMustBeHttp() {
		this.runner
			.withPropertyValues("notification.webhook.url=ftp://hooks.example.org/notify",
					"notification.webhook.secret=s3cr3t")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("http or https"));
	}

	@Test
	void emptyUrlMeansNoWebhook() {
		this.runner.withPropertyValues("notification.webhook.url=").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(NotificationProperties.class).webhook().url()).isNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NotificationProperties.class)
	static class PropertiesConfiguration {

	}

}
