"""The server's listening socket, bound before anything slow so a busy port is told at once."""

from __future__ import annotations

import errno
import socket

from exportgraph.errors import ConfigurationError

# waitress's default backlog.
BACKLOG = 1024


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind host:port and listen; the caller hands the socket to the WSGI server.

    Raises:
        ConfigurationError: the host is not an address here, the port is in use, or it needs
            privileges; the message says which and what to do.
    """
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ConfigurationError(
            f"setting host: cannot listen on {host!r}: {exc.strerror}; give an address of this"
            " machine with --host (127.0.0.1, or 0.0.0.0 for every interface)"
        ) from None
    try:
        return socket.create_server(address, family=family, backlog=BACKLOG)
    except OSError as exc:
        where = f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise ConfigurationError(
                f"port {port} on {host} is in use by another program: stop it, or choose another"
                " port with --port (--port 0 picks a free one)"
            ) from None
        if exc.errno == errno.EACCES:
            raise ConfigurationError(
                f"cannot listen on {where}: permission denied; ports below 1024 need privileges,"
                " choose another with --port"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ConfigurationError(
                f"cannot listen on {where}: {host} is not an address of this machine; use --host"
            ) from None
        raise ConfigurationError(f"cannot listen on {where}: {exc.strerror}") from None
