package dev.sparkway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for processes a test starts. All are held open together while they are chosen, so they
 * differ from each other; another program could still take one before the process binds it.
 */
public final class FreePorts {

	private FreePorts() {
	}

	public static int[] take(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					if (socket != null) {
						socket.close();
					}
				}
				catch (IOException ex) {
					// Closing a socket nobody used: nothing to do.
				}
			}
		}
	}

}
