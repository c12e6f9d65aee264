"""Platform adapters: each turns its platform's events into `Message`s and renders `Reply`s back."""
