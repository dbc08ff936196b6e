package dev.taskplatform.notification.notification;

import java.net.URI;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the channel once, at startup: the webhook when a URL is configured, else the log.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryConfiguration.class);

	@Bean
	DeliveryChannel deliveryChannel(NotificationProperties properties, JsonMapper json) {
		NotificationProperties.Webhook webhook = properties.webhook();
		URI url = webhook.url();
		if (url == null) {
			logger.info("No notification.webhook.url: notifications go to the log");
			return new LogChannel();
		}
		// the host only: a URL may carry credentials in its path or query
		logger.info("Notifications go to the webhook on {}", url.getHost());
		// validated: a URL comes with a secret
		return new WebhookChannel(url, Objects.requireNonNull(webhook.secret()), webhook.timeout(), json);
	}

}
