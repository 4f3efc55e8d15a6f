"""Helpers shared by the end-to-end and browser tests: the gridgov binary (GRIDGOV_BIN, built by
scripts/test) and a real server on a free loopback port."""
import json
import os
import re
import signal
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

BIN = os.environ.get("GRIDGOV_BIN", os.path.join(os.path.dirname(__file__), "../../.build/debug/gridgov"))
PG_URL = os.environ.get("GRIDGOV_TEST_POSTGRES_URL")
# Tests build demos without the year of past cases (gridgov demo's default), so what they count is
# what they made; a test that wants the history asks for it.
BASE_ENV = dict(os.environ, GRIDGOV_DEMO_CASES=os.environ.get("GRIDGOV_TEST_DEMO_CASES", "0"))


def gridgov(*args, input=None, env=None, check=True):
    """Runs the command line and returns the completed process."""
    full_env = dict(BASE_ENV, **(env or {}))
    result = subprocess.run([BIN, *args], input=input, capture_output=True, text=True, env=full_env, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"gridgov {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


class Server:
    """`gridgov serve` on a free loopback port; stopped (by pid) by the test that started it."""

    def __init__(self, *store_args, extra=(), env=None):
        self.process = subprocess.Popen([BIN, "serve", *store_args, "--host", "127.0.0.1", "--port", "0", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=dict(BASE_ENV, **(env or {})))
        for line in self.process.stdout:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.base = f"http://127.0.0.1:{match.group(1)}"
                # The log is read as it comes, so a long test never blocks the server on a full pipe.
                self.log = []
                self._log_reader = threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True)
                self._log_reader.start()
                return
        raise AssertionError("server did not start: " + self.process.stderr.read())

    def call(self, method, path, token=None, body=None, headers=None):
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
        else:
            data = (body.encode() if isinstance(body, str) else body) or None
        # The API takes JSON bodies only when they say so (urllib would call them a form).
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})} if data else headers or {})
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text.startswith("{") else text)

    def login(self, username, password="demo"):
        status, body = self.call("POST", "/api/v1/session", body={"username": username, "password": password})
        assert status == 200, body
        return body["token"]

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        code = self.process.wait(timeout=30)
        self._log_reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return code


def psql(url, sql):
    """Runs `sql` and returns its rows as psql prints them unaligned (`-At`)."""
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql],
                          check=True, capture_output=True, text=True).stdout
