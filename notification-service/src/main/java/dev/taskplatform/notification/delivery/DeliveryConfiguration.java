package dev.taskplatform.notification.delivery;

import java.net.URI;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the channel once, at startup: the webhook when a URL is configured, else the log;
 * and the circuit breaker that holds deliveries back while the receiver is down.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryConfiguration.class);

	@Bean
	ReceiverBreaker receiverBreaker(NotificationProperties properties, Clock clock, MeterRegistry meters) {
		return new ReceiverBreaker(properties.webhook().breaker(), properties.webhook().initialBackoff(), clock,
				meters);
	}

	@Bean
	DeliveryChannel deliveryChannel(NotificationProperties properties, JsonMapper json, Clock clock) {
		NotificationProperties.Webhook webhook = properties.webhook();
		URI url = webhook.url();
		if (url == null) {
			logger.info("No notification.webhook.url: notifications go to the log");
			return new LogChannel();
		}
		// the host only: a URL may carry credentials in its path or query
		logger.info("Notifications go to the webhook on {}", url.getHost());
		// validated: a URL comes with a secret
		return new WebhookChannel(webhook, json, clock);
	}

}
