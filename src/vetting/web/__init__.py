"""The local app behind ``vetting serve``: a guided interview in the browser with the assessment
beside it. Routes (app.py), the guard in front of them (security.py), the interview's questions and
order (fieldinfo.py, interview.py, form.py, formdata.py), the one engine worker (worker.py), deal
files in the data folder (store.py), and starting the server (serving.py)."""
