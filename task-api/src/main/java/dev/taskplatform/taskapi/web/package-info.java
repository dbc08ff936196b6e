/**
 * HTTP concerns shared by the API: RFC 9457 problem details, strict JSON, request size
 * limit.
 */
@NullMarked
package dev.taskplatform.taskapi.web;

import org.jspecify.annotations.NullMarked;
