"""The Gridline platform server: database, workflow, websocket hub, demo street and simulator."""
