/**
 * HTTP concerns shared by the API: RFC 9457 problem details, strict JSON, request size
 * and in-flight limits, and the event loops of the server and the database driver.
 */
@NullMarked
package dev.taskplatform.taskapi.web;

import org.jspecify.annotations.NullMarked;
