package dev.taskplatform.taskapi.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.R2dbcTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error is an RFC 9457 problem with a detail a client can act on; validation
 * problems list the offending fields. Bad input is always a 4xx: a 5xx means a bug or an
 * outage on our side, and then the response says nothing about internals.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<Map<String, String>> errors = ex.getFieldErrors().stream().map(ProblemDetailsAdvice::fieldError).toList();
		return handleExceptionInternal(ex, invalid(ex.getBody(), errors), headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		return handleExceptionInternal(ex, invalid(ex.getBody(), errors), headers, status, exchange);
	}

	/**
	 * A validation problem: every offending field in {@code errors}, and in the detail.
	 */
	private static ProblemDetail invalid(ProblemDetail problem, List<Map<String, String>> errors) {
		problem.setTitle("Invalid request");
		problem.setDetail(errors.stream()
			.map((error) -> error.get("field") + " " + error.get("message"))
			.collect(Collectors.joining("; ")));
		problem.setProperty("errors", errors);
		return problem;
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (findCause(ex, DataBufferLimitException.class) != null) {
			return tooLarge(exchange);
		}
		ProblemDetail problem = ex.getBody();
		problem.setTitle("Invalid request");
		JacksonException json = findCause(ex, JacksonException.class);
		if (json != null) {
			describeJsonProblem(problem, json);
		}
		else if (ex.getMethodParameter() != null && ex.getMethodParameter().getParameterName() != null) {
			String name = ex.getMethodParameter().getParameterName();
			problem.setDetail("'" + name + "' is not valid: " + ex.getReason());
			problem.setProperty("errors", List.of(Map.of("field", name, "message", String.valueOf(ex.getReason()))));
		}
		return handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	@ExceptionHandler(DataBufferLimitException.class)
	Mono<ResponseEntity<Object>> handleDataBufferLimit(DataBufferLimitException ex, ServerWebExchange exchange) {
		return tooLarge(exchange);
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
		if (findCause(ex, R2dbcTimeoutException.class) != null) {
			return atCapacity(ex, exchange);
		}
		if (DatabaseUnavailable.isCause(ex)) {
			return databaseUnavailable(ex, exchange);
		}
		logger.error("Unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request could not be completed; nothing about it was lost if it was answered 201 before.");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	/**
	 * No database connection became free within
	 * {@code spring.r2dbc.pool.max-acquire-time}: the request never reached the database.
	 * Shedding it at once keeps the requests in hand fast, where an unbounded queue would
	 * make every client time out.
	 */
	private Mono<ResponseEntity<Object>> atCapacity(Exception ex, ServerWebExchange exchange) {
		// one line per shed request would add to the overload:
		// the 503s are counted in http.server.requests
		logger.debug("At capacity, answered 503 to {} {}: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex.getMessage());
		return handleExceptionInternal(ex, AtCapacity.problem(), AtCapacity.headers(), HttpStatus.SERVICE_UNAVAILABLE,
				exchange);
	}

	/**
	 * PostgreSQL is unreachable or dropped the connection: 503, saying whether the change
	 * may have been stored ({@link DatabaseUnavailable}).
	 */
	private Mono<ResponseEntity<Object>> databaseUnavailable(Exception ex, ServerWebExchange exchange) {
		boolean inDoubt = DatabaseUnavailable.inDoubt(ex, exchange.getRequest().getMethod());
		// WARN, not ERROR: an outage of the database,
		// logged without its stack per request
		logger.warn("Database unavailable, answered 503 (in doubt: {}) to {} {}: {}", inDoubt,
				exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex.getMessage());
		return handleExceptionInternal(ex, DatabaseUnavailable.problem(inDoubt), DatabaseUnavailable.headers(),
				HttpStatus.SERVICE_UNAVAILABLE, exchange);
	}

	private Mono<ResponseEntity<Object>> tooLarge(ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than this API accepts.");
		return handleExceptionInternal(new DataBufferLimitException("request body too large"), problem,
				new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, exchange);
	}

	private static void describeJsonProblem(ProblemDetail problem, JacksonException json) {
		String field = json.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."));
		String message;
		if (json instanceof UnrecognizedPropertyException unknown) {
			field = String.valueOf(unknown.getPropertyName());
			message = "is not a known field";
		}
		else if (json instanceof InvalidFormatException invalid && !(invalid.getValue() instanceof String)) {
			message = "has the wrong type" + ((invalid.getTargetType() != null)
					? " (expected " + expected(invalid.getTargetType()) + ")" : "");
		}
		else if (json instanceof InvalidFormatException invalid) {
			message = "has an invalid value" + ((invalid.getTargetType() != null)
					? " (expected " + expected(invalid.getTargetType()) + ")" : "");
		}
		else if (json instanceof MismatchedInputException mismatched && !field.isEmpty()) {
			message = "has the wrong type" + ((mismatched.getTargetType() != null)
					? " (expected " + expected(mismatched.getTargetType()) + ")" : "");
		}
		else if (json instanceof MismatchedInputException) {
			problem.setDetail("The request body must be a JSON object.");
			return;
		}
		else if (json instanceof StreamReadException) {
			problem.setDetail("The request body is not well-formed JSON: " + json.getOriginalMessage());
			return;
		}
		else {
			problem.setDetail("The request body could not be read: " + json.getOriginalMessage());
			return;
		}
		problem.setDetail("'" + field + "' " + message + ".");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
	}

	private static String expected(Class<?> type) {
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time with offset, e.g. 2030-01-31T09:00:00Z";
		}
		return type.getSimpleName();
	}

	private static Map<String, String> fieldError(FieldError error) {
		return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		Throwable cause = ex;
		while (cause != null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return null;
	}

}
