package dev.taskplatform.taskapi.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description a client developer reads (springdoc finds the operations; this
 * says what they mean): the API's title, version (the build's) and description, one tag
 * for the tasks, a summary and description per operation, the {@code Idempotency-Key}
 * header, and every answer each operation can give, the errors as RFC 9457 problems with
 * examples. Every operation takes a bearer token, so that Swagger UI asks for one
 * ("Authorize") and clients generated from the description send it.
 */
@Configuration(proxyBeanMethods = false)
class TaskApiDescription {

	static final String BEARER = "bearer";

	static final String TAG = "Tasks";

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String JSON = "application/json";

	/** The answers of each operation (by the controller method's name), in order. */
	static final Map<String, List<Integer>> ANSWERS = Map.of("create", List.of(201, 400, 401, 403, 409, 413, 415, 503),
			"get", List.of(200, 400, 401, 403, 404, 503), "list", List.of(200, 400, 401, 403, 503), "complete",
			List.of(200, 400, 401, 403, 404, 503));

	@Bean
	OpenAPI taskApiOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		String version = (properties != null) ? properties.getVersion() : "unknown";
		return new OpenAPI()
			.info(new Info().title("Task API")
				.version(version)
				.description("Create, read and complete tasks. Every accepted change is published to Kafka "
						+ "(task.created, task.completed) through a transactional outbox: an answered 201 or 200 "
						+ "is never lost. Errors are RFC 9457 problems (application/problem+json) with a detail "
						+ "a client can act on; bad input is always a 4xx."))
			.addTagsItem(new Tag().name(TAG).description("Tasks: create (idempotently), read, list, complete"))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An OAuth 2.0 access token (JWT). Scopes: " + TaskScopes.WRITE
									+ " (create, complete), " + TaskScopes.READ + " (read)."))
				.addSchemas(PROBLEM, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OperationCustomizer taskOperations() {
		return (operation, handler) -> {
			if (!TaskController.class.equals(handler.getBeanType())) {
				return operation;
			}
			String name = handler.getMethod().getName();
			operation.setTags(List.of(TAG));
			describe(operation, name);
			ApiResponses responses = new ApiResponses();
			for (int status : ANSWERS.getOrDefault(name, List.of())) {
				responses.addApiResponse(Integer.toString(status), answer(name, status, operation));
			}
			operation.setResponses(responses);
			return operation;
		};
	}

	private static void describe(Operation operation, String name) {
		switch (name) {
			case "create" -> {
				operation.summary("Create a task")
					.description("Stores the task and its task.created event in one transaction. With an "
							+ "Idempotency-Key, the same key and body again (by the same caller) answer the "
							+ "original task with Idempotent-Replayed: true and no second event; the same key "
							+ "with another body is a 409. Needs " + TaskScopes.WRITE + ".");
				for (Parameter parameter : (operation.getParameters() != null) ? operation.getParameters()
						: List.<Parameter>of()) {
					if (TaskController.IDEMPOTENCY_KEY.equals(parameter.getName())) {
						parameter
							.description("Makes a retry safe: 1 to 255 visible ASCII characters, the caller's "
									+ "own (another token's subject has another key space)")
							.example("order-4711-reminder");
					}
				}
			}
			case "get" -> operation.summary("Read a task").description("Needs " + TaskScopes.READ + ".");
			case "list" -> operation.summary("List tasks, newest first")
				.description("A page of at most limit tasks (1 to 100, default 20), optionally of one status; "
						+ "pass nextCursor back as cursor for the next page (null on the last). Needs "
						+ TaskScopes.READ + ".");
			case "complete" -> operation.summary("Complete a task")
				.description("Marks it COMPLETED and publishes task.completed once; completing it again "
						+ "answers it unchanged, without an event. Needs " + TaskScopes.WRITE + ".");
			default -> {
			}
		}
	}

	private static ApiResponse answer(String name, int status, Operation operation) {
		return switch (status) {
			case 200 -> success(operation, name.equals("list") ? "A page of tasks" : "The task");
			case 201 -> success(operation, "Created (or, with a replayed Idempotency-Key, the original task)")
				.addHeaderObject("Location",
						new Header().description("/tasks/{id} of the task").schema(new StringSchema()))
				.addHeaderObject("Idempotent-Replayed",
						new Header().description("true when this answers an earlier request with the same key")
							.schema(new StringSchema()._enum(List.of("true", "false"))));
			case 400 -> problem(
					"Invalid request: a field, the JSON, a query parameter, the path id or the " + "Idempotency-Key",
					example(400, "Invalid request", "'title' must not be blank.",
							List.of(Map.of("field", "title", "message", "must not be blank"))));
			case 401 -> problem("No bearer token, or one that is not valid (WWW-Authenticate says why)",
					example(401, "Unauthorized",
							"This request needs an OAuth 2.0 access token: send it as 'Authorization: Bearer <token>'.",
							null));
			case 403 -> problem("The token lacks the operation's scope", example(403, "Forbidden",
					"The request needs the scope " + TaskScopes.WRITE + ": ask for a token that grants it.", null));
			case 404 -> problem("No task with that id",
					example(404, "Task not found", "No task has id 7c3e9d2a-1b2f-4c8e-9a6d-0f3b5e7a9c1d.", null));
			case 409 -> problem("The Idempotency-Key was used with another body",
					example(409, "Idempotency-Key reused",
							"Idempotency-Key 'order-4711-reminder' was already used with a different "
									+ "request body; use a new key for a new task.",
							null));
			case 413 -> problem("The body is larger than task-api.http.max-request-size (64 KB by default)",
					example(413, "Content Too Large", "The request body is larger than this API accepts.", null));
			case 415 -> problem("The body is not application/json",
					example(415, "Unsupported Media Type", "Content-Type 'text/plain' is not supported.", null));
			case 503 -> problem(
					"Overloaded, or the database is away: nothing was stored, unless inDoubt is true "
							+ "(then retry with the same Idempotency-Key)",
					example(503, "Database unavailable",
							"The database is unreachable; the request was not processed and nothing was stored. "
									+ "Retry shortly.",
							null))
				.addHeaderObject("Retry-After",
						new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()));
			default -> throw new IllegalArgumentException("no description of HTTP " + status);
		};
	}

	/** The success answer springdoc derived from the method (its schema), described. */
	private static ApiResponse success(Operation operation, String description) {
		ApiResponses derived = operation.getResponses();
		ApiResponse found = (derived != null) ? derived.values()
			.stream()
			.filter((response) -> response.getContent() != null && response.getContent().containsKey(JSON))
			.findFirst()
			.orElse(null) : null;
		ApiResponse response = new ApiResponse().description(description);
		if (found != null) {
			response.content(found.getContent());
		}
		return response;
	}

	private static ApiResponse problem(String description, Example example) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
						.addExamples(example.getSummary(), example)));
	}

	private static Example example(int status, String title, String detail, List<Map<String, String>> errors) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("type", "about:blank");
		value.put("title", title);
		value.put("status", status);
		value.put("detail", detail);
		value.put("instance", "/tasks");
		if (errors != null) {
			value.put("errors", errors);
		}
		return new Example().summary(title).value(value);
	}

	private static Schema<?> problemSchema() {
		ArraySchema errors = new ArraySchema();
		errors.setDescription("The offending fields, for an invalid request");
		errors.setItems(
				new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema()));
		return new ObjectSchema().description("An RFC 9457 problem")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("What went wrong, so that a client can act on it"))
			.addProperty("instance", new StringSchema().description("The request's path"))
			.addProperty("errors", errors)
			.addProperty("inDoubt", new Schema<Boolean>().type("boolean")
				.description("503 from a database outage: whether the change may have been stored"));
	}

}
