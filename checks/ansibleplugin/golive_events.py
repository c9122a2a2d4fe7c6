# golive_events: an Ansible callback plugin written by golive to a private
# directory for each fleet run. It adds to the normal stdout callback (it
# does not replace it) and writes one JSON object a line to the file
# descriptor named by GOLIVE_EVENTS_FD: play and batch starts, task starts,
# one result per host and task, and the final per-host stats. golive folds
# these into the per-host state the cockpit, the journal and the failure
# budget use.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: golive_events
    type: aggregate
    short_description: per-host events for golive
    description: Writes one JSON line per host and task to the descriptor in GOLIVE_EVENTS_FD.
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


def _batches(serial, total):
    # The same split as PlaybookExecutor._get_serialized_batches.
    if total <= 0:
        return 0
    sizes = list(serial or []) or [-1]
    left, count, i = total, 0, 0
    while left > 0:
        size = _to_int(sizes[i], total)
        count += 1
        if size <= 0:
            break
        left -= size
        i = min(i + 1, len(sizes) - 1)
    return count


def _to_int(value, total):
    s = str(value).strip()
    if s.endswith('%'):
        n = int(total * float(s[:-1]) / 100.0)
        return max(n, 1)
    return int(s)


def _message(res):
    for key in ('msg', 'reason', 'stderr', 'module_stderr', 'stdout'):
        v = res.get(key)
        if v:
            s = v if isinstance(v, str) else json.dumps(v)
            return s.strip()[:2000]
    results = res.get('results')
    if isinstance(results, list):
        for item in results:
            if isinstance(item, dict) and item.get('failed'):
                return _message(item)
    return ''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'golive_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._fd = None
        fd = os.environ.get('GOLIVE_EVENTS_FD')
        if fd:
            self._fd = int(fd)
            try:
                os.set_inheritable(self._fd, False)
            except OSError:
                self._fd = None
        self._batch = {}

    def _emit(self, ev):
        if self._fd is None:
            return
        ev['t'] = time.time()
        data = (json.dumps(ev, default=str) + '\n').encode('utf-8', 'replace')
        while data:
            try:
                n = os.write(self._fd, data)
            except OSError:
                self._fd = None
                return
            data = data[n:]

    def v2_playbook_on_play_start(self, play):
        vm = play.get_variable_manager()
        inv = getattr(vm, '_inventory', None)
        batch_hosts, all_hosts = [], []
        if inv is not None:
            batch_hosts = [h.name for h in inv.get_hosts(play.hosts)]
            all_hosts = [h.name for h in inv.get_hosts(play.hosts, ignore_restrictions=True)]
        key = play._uuid
        self._batch[key] = self._batch.get(key, 0) + 1
        ev = {'ev': 'play', 'play': play.get_name(), 'batch': self._batch[key],
              'batches': _batches(play.serial, len(all_hosts)), 'hosts': batch_hosts}
        if self._batch[key] == 1:
            ev['all'] = all_hosts
        self._emit(ev)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._emit({'ev': 'task', 'task': task.get_name()})

    def v2_playbook_on_handler_task_start(self, task):
        self._emit({'ev': 'task', 'task': task.get_name(), 'handler': True})

    def v2_runner_on_start(self, host, task):
        self._emit({'ev': 'start', 'host': host.get_name(), 'task': task.get_name()})

    def _result(self, result, status, **extra):
        res = result._result if isinstance(result._result, dict) else {}
        ev = {'ev': 'result', 'host': result._host.get_name(), 'task': result._task.get_name(),
              'status': status, 'changed': bool(res.get('changed'))}
        if status in ('failed', 'unreachable'):
            ev['msg'] = _message(res)
        ev.update(extra)
        self._emit(ev)

    def v2_runner_on_ok(self, result):
        self._result(result, 'changed' if result._result.get('changed') else 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, 'failed', ignored=bool(ignore_errors))

    def v2_runner_on_unreachable(self, result):
        self._result(result, 'unreachable')

    def v2_runner_on_skipped(self, result):
        self._result(result, 'skipped')

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for h in sorted(stats.processed.keys()):
            s = stats.summarize(h)
            hosts[h] = {k: s.get(k, 0) for k in ('ok', 'changed', 'failures', 'unreachable', 'skipped', 'rescued', 'ignored')}
        self._emit({'ev': 'stats', 'stats': hosts})
