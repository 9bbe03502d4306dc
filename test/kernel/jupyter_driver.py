"""Drives a Jupyter kernel through Debian's jupyter_client for the mocha kernel tests.

Reads one JSON command per line on stdin, answers one JSON line on stdout. Every message the
kernel sends back is validated against the messaging-spec schemas below; violations are
returned in "schema_errors" so the TypeScript tests can assert there are none.
"""
import base64
import collections
import hashlib
import hmac
import json
import os
import queue
import signal
import sys
import time
import uuid

import jsonschema
import zmq
from jupyter_client.manager import KernelManager

HEADER = {
    "type": "object",
    "required": ["msg_id", "msg_type", "session", "username", "date", "version"],
    "properties": {
        "msg_id": {"type": "string"}, "msg_type": {"type": "string"}, "session": {"type": "string"},
        "username": {"type": "string"}, "version": {"type": "string", "pattern": "^5\\."},
    },
}
MIME_BUNDLE = {"type": "object", "required": ["text/plain"], "properties": {"text/plain": {"type": "string"}}}
STATUS = {"status": {"enum": ["ok", "error", "aborted"]}}


def obj(required, **properties):
    return {"type": "object", "required": required, "properties": properties}


CONTENT = {
    "status": obj(["execution_state"], execution_state={"enum": ["busy", "idle", "starting"]}),
    "execute_input": obj(["code", "execution_count"], code={"type": "string"}, execution_count={"type": "integer"}),
    "execute_result": obj(["execution_count", "data", "metadata"], execution_count={"type": "integer"}, data=MIME_BUNDLE, metadata={"type": "object"}),
    "display_data": obj(["data", "metadata"], data=MIME_BUNDLE, metadata={"type": "object"}, transient={"type": "object"}),
    "update_display_data": obj(["data", "metadata", "transient"], data=MIME_BUNDLE, metadata={"type": "object"},
                               transient=obj(["display_id"], display_id={"type": "string"})),
    "stream": obj(["name", "text"], name={"enum": ["stdout", "stderr"]}, text={"type": "string"}),
    "error": obj(["ename", "evalue", "traceback"], ename={"type": "string"}, evalue={"type": "string"},
                 traceback={"type": "array", "items": {"type": "string"}}),
    "clear_output": obj(["wait"], wait={"type": "boolean"}),
    "execute_reply": {
        "type": "object", "required": ["status", "execution_count"],
        "properties": dict(STATUS, execution_count={"type": "integer"}),
        "allOf": [{"if": {"properties": {"status": {"const": "ok"}}},
                   "then": {"required": ["user_expressions"], "properties": {"user_expressions": {"type": "object"}}}},
                  {"if": {"properties": {"status": {"const": "error"}}},
                   "then": {"required": ["ename", "evalue", "traceback"]}}],
    },
    "kernel_info_reply": obj(["status", "protocol_version", "implementation", "implementation_version", "language_info", "banner"],
                             status={"const": "ok"}, protocol_version={"type": "string"},
                             language_info=obj(["name", "version", "mimetype", "file_extension"],
                                               name={"type": "string"}, version={"type": "string"},
                                               mimetype={"type": "string"}, file_extension={"type": "string"}),
                             banner={"type": "string"}, help_links={"type": "array"}),
    "complete_reply": obj(["status", "matches", "cursor_start", "cursor_end", "metadata"], status={"const": "ok"},
                          matches={"type": "array", "items": {"type": "string"}},
                          cursor_start={"type": "integer"}, cursor_end={"type": "integer"}, metadata={"type": "object"}),
    "inspect_reply": obj(["status", "found", "data", "metadata"], status={"const": "ok"}, found={"type": "boolean"},
                         data={"type": "object"}, metadata={"type": "object"}),
    "is_complete_reply": {
        "type": "object", "required": ["status"],
        "properties": {"status": {"enum": ["complete", "incomplete", "invalid", "unknown"]}, "indent": {"type": "string"}},
        "if": {"properties": {"status": {"const": "incomplete"}}}, "then": {"required": ["indent"]},
    },
    "history_reply": obj(["status", "history"], status={"const": "ok"},
                         history={"type": "array", "items": {"type": "array", "minItems": 3, "maxItems": 3}}),
    "comm_info_reply": obj(["status", "comms"], status={"const": "ok"},
                           comms={"type": "object", "additionalProperties": obj(["target_name"], target_name={"type": "string"})}),
    "comm_open": obj(["comm_id", "target_name", "data"], comm_id={"type": "string"}, target_name={"type": "string"}, data={"type": "object"}),
    "comm_msg": obj(["comm_id", "data"], comm_id={"type": "string"}, data={"type": "object"}),
    "comm_close": obj(["comm_id", "data"], comm_id={"type": "string"}, data={"type": "object"}),
    "shutdown_reply": obj(["status", "restart"], status={"const": "ok"}, restart={"type": "boolean"}),
    "interrupt_reply": obj(["status"], status={"const": "ok"}),
    "input_request": obj(["prompt", "password"], prompt={"type": "string"}, password={"type": "boolean"}),
}
# Replies to malformed or unknown requests: an error with a name and a message.
ERROR_REPLY = obj(["status", "ename", "evalue"], status={"const": "error"}, ename={"type": "string"}, evalue={"type": "string"})


def validate(msg, errors):
    try:
        jsonschema.validate(msg["header"], HEADER)
        schema = CONTENT.get(msg["msg_type"])
        content = msg["content"]
        if isinstance(content, dict) and content.get("status") == "error" and msg["msg_type"].endswith("_reply") and msg["msg_type"] != "execute_reply":
            schema = ERROR_REPLY
        if schema is None:
            if msg["msg_type"].endswith("_reply"):
                jsonschema.validate(content, ERROR_REPLY)
            return
        jsonschema.validate(content, schema)
    except jsonschema.ValidationError as e:
        errors.append("%s: %s" % (msg["msg_type"], e.message))


def plain(msg):
    return {
        "msg_type": msg["msg_type"],
        "content": msg["content"],
        "parent_msg_id": msg.get("parent_header", {}).get("msg_id"),
        "metadata": msg.get("metadata", {}),
    }


class Driver:
    def __init__(self):
        self.km = None
        self.kc = None
        self.errors = []
        # Messages read while waiting for another request's, kept for whoever asks for them next.
        self.iopub_by_parent = collections.defaultdict(list)
        self.replies_by_parent = {}

    def start(self, kernel_name="scopeflow", cwd=None):
        t0 = time.perf_counter()
        self.km = KernelManager(kernel_name=kernel_name)
        # The kernel must not share this driver's stdout: that pipe carries the driver's answers.
        self.kernel_log = open(os.path.join(os.getcwd(), "kernel-%s.log" % kernel_name), "ab")
        self.km.start_kernel(cwd=cwd or os.getcwd(), stdout=self.kernel_log, stderr=self.kernel_log)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        return {"ready_s": time.perf_counter() - t0, "pid": self.km.provisioner.process.pid}

    def drain_iopub(self, parent_id, timeout):
        """Collects iopub messages for one request until its idle status."""
        msgs = self.iopub_by_parent[parent_id]
        deadline = time.time() + timeout
        while True:
            if msgs and msgs[-1]["msg_type"] == "status" and msgs[-1]["content"]["execution_state"] == "idle":
                del self.iopub_by_parent[parent_id]
                return msgs
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError("no idle status for %s within %ss" % (parent_id, timeout))
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            validate(msg, self.errors)
            self.iopub_by_parent[msg["parent_header"].get("msg_id")].append(plain(msg))

    def late_iopub(self, parent_id):
        """The iopub messages of a request that came after its idle status (read while draining others)."""
        return self.iopub_by_parent.pop(parent_id, [])

    def reply_for(self, channel, msg_id, timeout):
        deadline = time.time() + timeout
        while True:
            if msg_id in self.replies_by_parent:
                return self.replies_by_parent.pop(msg_id)
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError("no reply to %s within %ss" % (msg_id, timeout))
            try:
                msg = (self.kc.get_control_msg if channel == "control" else self.kc.get_shell_msg)(timeout=remaining)
            except queue.Empty:
                continue
            validate(msg, self.errors)
            self.replies_by_parent[msg["parent_header"].get("msg_id")] = plain(msg)

    def send(self, channel, msg_type, content, metadata=None):
        msg = self.kc.session.msg(msg_type, content)
        if metadata:
            msg["metadata"] = metadata
        getattr(self.kc, channel + "_channel").send(msg)
        return msg["header"]["msg_id"]

    def request(self, msg_type, content, channel="shell", metadata=None, timeout=30, expect_reply=True):
        t0 = time.perf_counter()
        msg_id = self.send(channel, msg_type, content, metadata)
        reply = self.reply_for(channel, msg_id, timeout) if expect_reply else None
        iopub = self.drain_iopub(msg_id, timeout)
        return {"reply": reply, "iopub": iopub, "elapsed_s": time.perf_counter() - t0}

    def execute(self, code, timeout=60, metadata=None, **options):
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        content.update(options)
        return self.request("execute_request", content, metadata=metadata, timeout=timeout)

    def execute_many(self, codes, timeout=60, **options):
        """Sends all cells before reading any reply (a queue, as a front end's Run All does)."""
        ids = []
        for code in codes:
            content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                       "allow_stdin": False, "stop_on_error": True}
            content.update(options)
            ids.append(self.send("shell", "execute_request", content))
        replies = [self.reply_for("shell", msg_id, timeout) for msg_id in ids]
        iopubs = [self.drain_iopub(msg_id, timeout) for msg_id in ids]
        return {"replies": replies, "iopubs": iopubs}

    def raw(self, frames_b64, channel="shell"):
        """Sends frames exactly as given (for forged or malformed messages)."""
        frames = [base64.b64decode(f) for f in frames_b64]
        getattr(self.kc, channel + "_channel").socket.send_multipart(frames)
        return {}

    def raw_message(self, header, parent_header="{}", metadata="{}", content="{}", signature="valid", channel="shell"):
        """Builds a message from raw JSON texts and signs it validly, wrongly, or not at all."""
        parts = [p.encode() for p in (header, parent_header, metadata, content)]
        if signature == "valid":
            h = hmac.new(self.km.session.key, digestmod=hashlib.sha256)
            for p in parts:
                h.update(p)
            sig = h.hexdigest().encode()
        elif signature == "forged":
            sig = hmac.new(b"not-the-key", b"".join(parts), hashlib.sha256).hexdigest().encode()
        else:
            sig = b""
        getattr(self.kc, channel + "_channel").socket.send_multipart([b"<IDS|MSG>", sig] + parts)
        return {}

    def header(self, msg_type):
        return {"json": self.kc.session.pack(self.kc.session.msg_header(msg_type)).decode()}

    def collect_replies(self, timeout=2.0, channel="shell"):
        """Returns every reply that arrives within timeout (for raw messages without a known id)."""
        out = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                msg = (self.kc.get_control_msg if channel == "control" else self.kc.get_shell_msg)(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            validate(msg, self.errors)
            out.append(plain(msg))
        return {"replies": out}

    def interrupt(self, code, mode, delay=0.5, timeout=10):
        msg_id = self.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        time.sleep(delay)
        t0 = time.perf_counter()
        interrupt_reply = None
        if mode == "signal":
            # A plain SIGINT to the kernel process (kill -INT), whatever the kernelspec says.
            self.km.signal_kernel(signal.SIGINT)
        elif mode == "message":
            ireq = self.send("control", "interrupt_request", {})
            interrupt_reply = self.reply_for("control", ireq, timeout)
        elif mode == "manager":
            # What front ends do: jupyter_client picks signal or message from the kernelspec's interrupt_mode.
            self.km.interrupt_kernel()
        else:
            raise ValueError("mode must be signal, message or manager")
        reply = self.reply_for("shell", msg_id, timeout)
        stopped_s = time.perf_counter() - t0
        iopub = self.drain_iopub(msg_id, timeout)
        return {"reply": reply, "iopub": iopub, "stopped_s": stopped_s, "interrupt_reply": interrupt_reply}

    def execute_input(self, code, answers, allow_stdin=True, with_parent=True, interrupt_when_asked=False, timeout=30):
        """Runs a cell and answers its input requests on stdin with `answers`, in order.

        with_parent=False answers the way jupyter_client's `kc.input()` does (no parent header).
        interrupt_when_asked: once the answers run out, the next input request is answered with an
        interrupt_request on control instead.
        """
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": allow_stdin, "stop_on_error": True}
        msg_id = self.send("shell", "execute_request", content)
        answers = list(answers)
        input_requests = []
        deadline = time.time() + timeout
        reply = None
        while reply is None:
            if time.time() > deadline:
                raise TimeoutError("no reply to %s within %ss (input requests so far: %r)" % (msg_id, timeout, input_requests))
            try:
                msg = self.kc.get_stdin_msg(timeout=0.05)
            except queue.Empty:
                msg = None
            if msg is not None:
                validate(msg, self.errors)
                input_requests.append(plain(msg))
                if answers:
                    value = answers.pop(0)
                    if with_parent:
                        self.kc.stdin_channel.send(self.kc.session.msg("input_reply", {"value": value}, parent=msg["header"]))
                    else:
                        self.kc.input(value)
                elif interrupt_when_asked:
                    self.send("control", "interrupt_request", {})
            try:
                reply = self.reply_for("shell", msg_id, 0.05)
            except TimeoutError:
                pass
        iopub = self.drain_iopub(msg_id, timeout)
        return {"reply": reply, "iopub": iopub, "input_requests": input_requests}

    def restart(self):
        t0 = time.perf_counter()
        old_pid = self.km.provisioner.process.pid
        self.km.restart_kernel(now=False)
        self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        return {"restart_s": time.perf_counter() - t0, "old_pid": old_pid, "new_pid": self.km.provisioner.process.pid}

    def shutdown_while_busy(self, code, delay=0.5, restart=False, timeout=5):
        """Starts a cell, sends shutdown_request on control while it runs, and times the reply and the exit."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        self.send("shell", "execute_request", content)
        time.sleep(delay)
        t0 = time.perf_counter()
        ireq = self.send("control", "shutdown_request", {"restart": restart})
        reply = self.reply_for("control", ireq, timeout)
        replied_s = time.perf_counter() - t0
        process = self.km.provisioner.process
        while process.poll() is None and time.perf_counter() - t0 < timeout:
            time.sleep(0.02)
        exited_s = time.perf_counter() - t0 if process.poll() is not None else None
        return {"reply": reply, "replied_s": replied_s, "exited_s": exited_s}

    def is_alive(self):
        return {"alive": bool(self.km and self.km.is_alive())}

    def shutdown(self):
        if self.kc:
            self.kc.stop_channels()
        if self.km:
            self.km.shutdown_kernel(now=False)
        return {"alive": bool(self.km and self.km.is_alive())}

    def schema_errors(self):
        errors, self.errors = self.errors, []
        return {"errors": errors}


def main():
    driver = Driver()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        command = json.loads(line)
        op = command.pop("op")
        try:
            result = {"ok": True, "result": getattr(driver, op)(**command)}
        except Exception as e:  # the test prints the failure
            result = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        result["schema_errors"] = driver.errors[:]
        if os.environ.get("SCOPEFLOW_DRIVER_DEBUG"):
            sys.stderr.write("driver: %s answered\n" % op)
            sys.stderr.flush()
        sys.stdout.write(json.dumps(result, default=str) + "\n")
        sys.stdout.flush()
        if os.environ.get("SCOPEFLOW_DRIVER_DEBUG"):
            sys.stderr.write("driver: %s written\n" % op)
            sys.stderr.flush()
        if op == "shutdown":
            break


if __name__ == "__main__":
    main()
