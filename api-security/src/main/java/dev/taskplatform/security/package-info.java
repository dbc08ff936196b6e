/**
 * What every service's HTTP API shares about who may call it: a scope per route
 * ({@link dev.taskplatform.security.ApiScopes}), the token rules every service applies
 * ({@link dev.taskplatform.security.TokenRules}), 401 and 403 answered as RFC 9457
 * problem+json with an RFC 6750 {@code WWW-Authenticate} header
 * ({@link dev.taskplatform.security.BearerProblem}), and the filter chains for WebFlux
 * and Spring MVC built from them. A service with no token settings runs open and says so.
 */
@NullMarked
package dev.taskplatform.security;

import org.jspecify.annotations.NullMarked;
