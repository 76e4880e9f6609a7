package io.sideline.sample.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413, before any of it is read into memory: a
 * declared {@code Content-Length} over the limit is refused at once; a body without one (chunked) is read through
 * a stream that fails with 413 as soon as it passes the limit. A workflow of the sample's size is a few kilobytes.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    /** 1 MiB. */
    static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOver(declared.trim())) {
            request.abortWith(tooLarge());
            return;
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    private static boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false; // the container refuses a malformed Content-Length itself; the stream is bounded anyway
        }
    }

    private static Response tooLarge() {
        return ErrorBody.response(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than " + MAX_BYTES + " bytes");
    }

    /** Passes at most {@link #MAX_BYTES} bytes on, then fails the request with 413. */
    private static final class Bounded extends FilterInputStream {

        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw new WebApplicationException(tooLarge());
            }
        }
    }
}
