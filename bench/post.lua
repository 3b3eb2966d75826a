-- wrk: POST the JSON body given in the environment variable BODY, with Basic auth demo:demo.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic ZGVtbzpkZW1v"
