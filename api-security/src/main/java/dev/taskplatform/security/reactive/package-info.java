/**
 * The API security chain for Spring WebFlux.
 */
@NullMarked
package dev.taskplatform.security.reactive;

import org.jspecify.annotations.NullMarked;
