package dev.sparkway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Sparkway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">}: the time is signed with
 * the body, so a receiver can refuse an old delivery replayed.
 */
final class WebhookSignature {

	private WebhookSignature() {
	}

	static String header(String secret, long unixSeconds, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] signature = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
