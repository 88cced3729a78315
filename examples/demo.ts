// The main demo (`npm start`). Filled in as the runtime grows.
console.log('Streamwise demo: the runtime is being built.');
