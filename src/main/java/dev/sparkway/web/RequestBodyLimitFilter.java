package dev.sparkway.web;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds JSON request bodies of the API: a declared length over the limit is answered 413 before anything is
 * read, and a body without a declared length stops being read at the limit (also 413). Multipart uploads are left
 * to the multipart limits.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final ObjectMapper json;

	RequestBodyLimitFilter(HttpProperties properties, ObjectMapper json) {
		this.limit = properties.maxJsonBody().toBytes();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		return !request.getRequestURI().startsWith("/api/")
				|| (type != null && type.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > limit) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
					new BodyTooLargeException(limit).getMessage());
			problem.setType(URI.create(ApiProblems.TYPE_BASE + "payload-too-large"));
			problem.setTitle("Request body too large");
			problem.setInstance(URI.create(request.getRequestURI().replace(" ", "%20")));
			response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
			return;
		}
		chain.doFilter(new BoundedRequest(request, limit), response);
	}

	private static final class BoundedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		BoundedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new BoundedStream(super.getInputStream(), limit);
			}
			return stream;
		}

	}

	private static final class BoundedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		BoundedStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			read += n;
			if (read > limit) {
				throw new BodyTooLargeException(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}
