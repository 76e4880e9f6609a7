package io.sideline.ee.dashboard;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The headers of every response under {@code /sideline/} (page and API), declared in the jar's web-fragment.xml:
 * a Content-Security-Policy that allows only the dashboard's own files (no inline script or style, no other
 * origin, no framing), no MIME sniffing, no caching of operational data, no referrer.
 * <p>
 * A filter runs only after the security constraint let a request through, so the container's own 401 and 403 get
 * these headers from the server's configuration instead ({@code <httpEndpoint><headers>} on Liberty, an Undertow
 * {@code response-header} filter on WildFly; docs/dashboard.md). {@link #HEADERS} is the one list both follow:
 * {@code SecurityHeadersTest} fails when the sample's server.xml says otherwise.
 */
public class SecurityHeaders implements Filter {

    /** The policy: the page's own scripts, styles and API calls; nothing inline, nothing from elsewhere. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Every header this filter sets, by name. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            HEADERS.forEach(http::setHeader);
        }
        chain.doFilter(request, response);
    }
}
