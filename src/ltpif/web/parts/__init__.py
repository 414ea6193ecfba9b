"""The plan's parts edited one form each (milestones, finance, workforce, digital, estates,
footprint, landscape changes): forms, one action, views. No models of its own."""
