package io.sideline.ee.dashboard;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The headers of every response under {@code /sideline/} (page and API), declared in the jar's web-fragment.xml:
 * a Content-Security-Policy that allows only the dashboard's own files (no inline script or style, no other
 * origin, no framing), no MIME sniffing, no caching of operational data, no referrer.
 */
public class SecurityHeaders implements Filter {

    /** The policy: the page's own scripts, styles and API calls; nothing inline, nothing from elsewhere. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("Content-Security-Policy", CSP);
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Cache-Control", "no-store");
            http.setHeader("Referrer-Policy", "no-referrer");
            http.setHeader("X-Frame-Options", "DENY");
        }
        chain.doFilter(request, response);
    }
}
