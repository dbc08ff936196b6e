/**
 * The API security chain for Spring MVC.
 */
@NullMarked
package dev.taskplatform.security.servlet;

import org.jspecify.annotations.NullMarked;
