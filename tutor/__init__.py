"""KI-Tutor für KMU: retrieval, grounded answers, readiness check, quizzes and the web app."""
