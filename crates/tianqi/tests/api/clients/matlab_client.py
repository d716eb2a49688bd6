#!/usr/bin/python3
"""A client of the compat API written the way the seed's integration guide
("MATLAB容器管理系统 API", 集成指南 → Python集成示例) writes it: `requests`, retry
with exponential backoff on 5xx and connection errors, no retry on 400. Run by
crates/server/tests/api/workspaces.rs against a real server:

    matlab_client.py BASE_URL USER_ID BUSY_USER_ID MAX_USERS

BUSY_USER_ID is a user whose HTTP port the test holds, so /create answers 500.
"""
import sys
import time

import requests


class MatlabContainerClient:
    def __init__(self, base_url):
        self.base_url = base_url
        self.timeout = 30
        self.attempts = 0  # counted here to check the retry policy

    def create_container(self, user_id, session_id=None, max_retries=3):
        """创建MATLAB容器，支持重试"""
        url = f"{self.base_url}/create"
        data = {"user_id": user_id}
        if session_id:
            data["session_id"] = session_id

        for attempt in range(max_retries):
            try:
                self.attempts += 1
                response = requests.post(url, json=data, timeout=self.timeout)

                if response.status_code in [200, 201]:
                    return response.json()
                elif response.status_code == 400:
                    # 参数错误，不重试
                    raise ValueError(response.json().get("error"))
                else:
                    # 服务器错误，可重试
                    if attempt < max_retries - 1:
                        time.sleep(2 ** attempt)  # 指数退避
                        continue

            except requests.exceptions.RequestException:
                if attempt < max_retries - 1:
                    time.sleep(2 ** attempt)
                    continue
                raise

        raise Exception(f"Failed to create container after {max_retries} attempts")

    def destroy_container(self, container_id):
        url = f"{self.base_url}/destroy/{container_id}"
        response = requests.post(url, timeout=self.timeout)
        return response.json()

    def check_health(self, container_id):
        url = f"{self.base_url}/health/{container_id}"
        response = requests.get(url, timeout=self.timeout)
        return response.json()

    def wait_for_ready(self, container_id, timeout=60):
        start_time = time.time()
        while time.time() - start_time < timeout:
            try:
                health = self.check_health(container_id)
                if (health.get("status") == "running" and
                        health.get("web_service") == "healthy" and
                        health.get("websocket_service") == "healthy"):
                    return True
            except Exception:
                pass
            time.sleep(2)
        return False

    def list_containers(self):
        url = f"{self.base_url}/list"
        response = requests.get(url, timeout=self.timeout)
        return response.json()


def check(cond, what):
    if not cond:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)


def main():
    base_url, user_id, busy_user, max_users = sys.argv[1:5]
    user_id, busy_user = int(user_id), int(busy_user)
    client = MatlabContainerClient(base_url)

    # 400: raised at once, never retried.
    client.attempts = 0
    try:
        client.create_container(0, session_id="py-bad")
        check(False, "user 0 accepted")
    except ValueError as e:
        check(str(e) == f"Invalid user_id. Must be between 1 and {max_users}", f"400 message: {e}")
    check(client.attempts == 1, f"400 retried: {client.attempts} attempts")

    # 201, then ready, then 200 already_running.
    result = client.create_container(user_id, session_id="py-session-1")
    check(result["status"] == "running" and result["message"] == "Container created successfully", result)
    check(client.wait_for_ready(result["container_id"]), "not ready within 60 s")
    web = requests.get(f"http://127.0.0.1:{result['http_port']}/", timeout=5)
    check(web.status_code == 200 and "workspace ok" in web.text, f"web UI: {web.status_code}")
    again = client.create_container(user_id)
    check(again["status"] == "already_running", again)
    listing = client.list_containers()
    check(listing["total"] == 1 and listing["containers"][0]["user_id"] == user_id, listing)

    # 500: retried with backoff (1 s, 2 s), then the guide's exception.
    client.attempts = 0
    started = time.time()
    try:
        client.create_container(busy_user, session_id="py-busy")
        check(False, "busy port accepted")
    except ValueError as e:
        check(False, f"500 treated as 400: {e}")
    except Exception as e:
        check("after 3 attempts" in str(e), f"exception: {e}")
    check(client.attempts == 3, f"500 attempts: {client.attempts}")
    check(time.time() - started >= 3.0, "no backoff between retries")

    gone = client.destroy_container(result["container_id"])
    check(gone == {"message": "Container destroyed successfully", "container_id": result["container_id"]}, gone)
    health = client.check_health(result["container_id"])
    check(health == {"error": "Container not found", "container_id": result["container_id"]}, health)
    check(client.list_containers() == {"total": 0, "containers": []}, "list after destroy")
    print("OK")


if __name__ == "__main__":
    main()
