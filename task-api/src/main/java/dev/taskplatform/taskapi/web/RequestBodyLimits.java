package dev.taskplatform.taskapi.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Caps what the codecs read into memory at {@code task-api.http.max-request-size}: a body
 * sent without a Content-Length is cut there and answered 413, like one whose declared
 * length is over it ({@link RequestSizeLimitFilter}). One setting for both, with its
 * default in {@link HttpProperties}.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimits {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CodecCustomizer maxRequestSizeInMemory(HttpProperties properties) {
		int limit = Math.toIntExact(properties.maxRequestSize().toBytes());
		return (configurer) -> configurer.defaultCodecs().maxInMemorySize(limit);
	}

}
