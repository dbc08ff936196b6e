package dev.taskplatform.taskapi.task;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description's frame (springdoc adds the operations): every operation takes
 * a bearer token, so that Swagger UI asks for one ("Authorize") and clients generated
 * from the description send it.
 */
@Configuration(proxyBeanMethods = false)
class TaskApiDescription {

	static final String BEARER = "bearer";

	@Bean
	OpenAPI taskApiOpenApi() {
		return new OpenAPI().info(new Info().title("task-api").description("Tasks, published to Kafka as events."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("An OAuth 2.0 access token (JWT). Scopes: " + TaskScopes.WRITE
								+ " (create, complete), " + TaskScopes.READ + " (read).")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
