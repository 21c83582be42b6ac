"""A coordinator that is not there: Unreachable, quickly."""

import asyncio
import time
import unittest

import presswork

from cluster import free_port


class UnreachableTests(unittest.TestCase):
    def test_nothing_listening_raises_unreachable_quickly(self):
        endpoint = "tcp://127.0.0.1:%d" % free_port()
        started = time.monotonic()
        with presswork.Client(endpoint, timeout=0.5) as client:
            with self.assertRaises(presswork.Unreachable) as caught:
                client.status()
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertFalse(caught.exception.request_sent)  # no connection, so nothing went out
        self.assertIn(endpoint, str(caught.exception))

    def test_submit_to_nothing_raises_unreachable(self):
        with presswork.Client("tcp://127.0.0.1:%d" % free_port(), timeout=0.3) as client:
            with self.assertRaises(presswork.Unreachable):
                client.submit(["some text"])

    def test_async_client_raises_unreachable(self):
        async def main():
            async with presswork.AsyncClient("tcp://127.0.0.1:%d" % free_port(), timeout=0.3) as client:
                with self.assertRaises(presswork.Unreachable):
                    await client.status()

        started = time.monotonic()
        asyncio.run(main())
        self.assertLess(time.monotonic() - started, 3.0)

    def test_bad_endpoint_is_unreachable(self):
        with self.assertRaises(presswork.Unreachable):
            presswork.Client("nonsense://here", timeout=0.3)


if __name__ == "__main__":
    unittest.main()
